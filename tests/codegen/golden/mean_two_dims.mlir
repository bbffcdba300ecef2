// ---- kernel0: r1:cb
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
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r1 = arith.divsi %row, %tiles : i64
    %i0 = arith.remsi %r1, %size0 : i64
    %r0 = arith.divsi %r1, %size0 : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %v9 = arith.sitofp %len_all : i64 to f32
    %v10 = arith.constant 0x3F800000 : f32
    %v8 = arith.divf %v10, %v9 : f32
    %v11 = arith.constant 0x00000000 : f32
    %v12 = vector.broadcast %v11 : f32 to vector<64xf32>
    %v14:1 = scf.for %v13 = %c0 to %vend64 step %cw64 iter_args(%v13_acc0 = %v12) -> (vector<64xf32>) : i64 {
      %v16 = arith.addi %base0, %v13 : i64
      %v17 = llvm.getelementptr %ptr0[%v16] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v15 = llvm.load %v17 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v18 = arith.addf %v13_acc0, %v15 fastmath<contract> : vector<64xf32>
      scf.yield %v18 : vector<64xf32>
    }
    %v19 = vector.reduction <add>, %v14#0 : vector<64xf32> into f32
    %v20 = arith.addf %v11, %v19 : f32
    %v21 = vector.broadcast %v11 : f32 to vector<16xf32>
    %v23:1 = scf.for %v22 = %vend64 to %vend16 step %cw16 iter_args(%v22_acc0 = %v21) -> (vector<16xf32>) : i64 {
      %v25 = arith.addi %base0, %v22 : i64
      %v26 = llvm.getelementptr %ptr0[%v25] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v24 = llvm.load %v26 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v27 = arith.addf %v22_acc0, %v24 fastmath<contract> : vector<16xf32>
      scf.yield %v27 : vector<16xf32>
    }
    %v28 = vector.reduction <add>, %v23#0 : vector<16xf32> into f32
    %v29 = arith.addf %v20, %v28 : f32
    %v31:1 = scf.for %v30 = %vend16 to %len step %c1 iter_args(%v30_acc0 = %v29) -> (f32) : i64 {
      %v33 = arith.addi %base0, %v30 : i64
      %v34 = llvm.getelementptr %ptr0[%v33] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v32 = llvm.load %v34 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v35 = arith.addf %v30_acc0, %v32 fastmath<contract> : f32
      scf.yield %v35 : f32
    }
    %v36 = arith.mulf %v31#0, %v8 fastmath<contract> : f32
    %v37 = llvm.getelementptr %ptr1[%base1] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %v36, %v37 : f32, !llvm.ptr
  }
  return
}
