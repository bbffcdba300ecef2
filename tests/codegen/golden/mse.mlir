// ---- kernel0: r0:ccb
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v4 : !llvm.ptr -> i64
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v5 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r0 = arith.divsi %row, %tiles : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %base0 = arith.addi %tb0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %base1 = arith.addi %tb1, %c0 : i64
    %tb2 = arith.muli %tstart, %istride2 : i64
    %base2 = arith.addi %tb2, %c0 : i64
    %v7 = arith.sitofp %len_all : i64 to f32
    %v8 = arith.constant 0x3F800000 : f32
    %v6 = arith.divf %v8, %v7 : f32
    %v9 = arith.constant 0x00000000 : f32
    %v10 = vector.broadcast %v9 : f32 to vector<64xf32>
    %v12:1 = scf.for %v11 = %c0 to %vend64 step %cw64 iter_args(%v11_acc0 = %v10) -> (vector<64xf32>) : i64 {
      %v14 = arith.addi %base0, %v11 : i64
      %v15 = llvm.getelementptr %ptr0[%v14] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v13 = llvm.load %v15 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v17 = arith.addi %base1, %v11 : i64
      %v18 = llvm.getelementptr %ptr1[%v17] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v16 = llvm.load %v18 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v19 = arith.subf %v13, %v16 fastmath<contract> : vector<64xf32>
      %v20 = arith.mulf %v19, %v19 fastmath<contract> : vector<64xf32>
      %v21 = arith.addf %v11_acc0, %v20 fastmath<contract> : vector<64xf32>
      scf.yield %v21 : vector<64xf32>
    }
    %v22 = vector.reduction <add>, %v12#0 : vector<64xf32> into f32
    %v23 = arith.addf %v9, %v22 : f32
    %v24 = vector.broadcast %v9 : f32 to vector<16xf32>
    %v26:1 = scf.for %v25 = %vend64 to %vend16 step %cw16 iter_args(%v25_acc0 = %v24) -> (vector<16xf32>) : i64 {
      %v28 = arith.addi %base0, %v25 : i64
      %v29 = llvm.getelementptr %ptr0[%v28] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v27 = llvm.load %v29 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v31 = arith.addi %base1, %v25 : i64
      %v32 = llvm.getelementptr %ptr1[%v31] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v30 = llvm.load %v32 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v33 = arith.subf %v27, %v30 fastmath<contract> : vector<16xf32>
      %v34 = arith.mulf %v33, %v33 fastmath<contract> : vector<16xf32>
      %v35 = arith.addf %v25_acc0, %v34 fastmath<contract> : vector<16xf32>
      scf.yield %v35 : vector<16xf32>
    }
    %v36 = vector.reduction <add>, %v26#0 : vector<16xf32> into f32
    %v37 = arith.addf %v23, %v36 : f32
    %v39:1 = scf.for %v38 = %vend16 to %len step %c1 iter_args(%v38_acc0 = %v37) -> (f32) : i64 {
      %v41 = arith.addi %base0, %v38 : i64
      %v42 = llvm.getelementptr %ptr0[%v41] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v40 = llvm.load %v42 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v44 = arith.addi %base1, %v38 : i64
      %v45 = llvm.getelementptr %ptr1[%v44] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v43 = llvm.load %v45 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v46 = arith.subf %v40, %v43 fastmath<contract> : f32
      %v47 = arith.mulf %v46, %v46 fastmath<contract> : f32
      %v48 = arith.addf %v38_acc0, %v47 fastmath<contract> : f32
      scf.yield %v48 : f32
    }
    %v49 = arith.mulf %v39#0, %v6 fastmath<contract> : f32
    %v50 = llvm.getelementptr %ptr2[%base2] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %v49, %v50 : f32, !llvm.ptr
  }
  return
}
