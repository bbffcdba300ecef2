// ---- kernel0: r1:ccc
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
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v8 = llvm.getelementptr %geo[8] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v8 : !llvm.ptr -> i64
  %v9 = llvm.getelementptr %geo[9] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride2_0 = llvm.load %v9 : !llvm.ptr -> i64
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
    %tb2 = arith.muli %tstart, %istride2 : i64
    %ob2_0 = arith.muli %i0, %ostride2_0 : i64
    %base2_0 = arith.addi %tb2, %ob2_0 : i64
    %base2 = arith.addi %base2_0, %c0 : i64
    %v10 = arith.constant 0xFF800000 : f32
    %v11 = vector.broadcast %v10 : f32 to vector<64xf32>
    %v13:1 = scf.for %v12 = %c0 to %vend64 step %cw64 iter_args(%v12_acc0 = %v11) -> (vector<64xf32>) : i64 {
      %v15 = arith.addi %base0, %v12 : i64
      %v16 = llvm.getelementptr %ptr0[%v15] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v14 = llvm.load %v16 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v18 = arith.addi %base1, %v12 : i64
      %v19 = llvm.getelementptr %ptr1[%v18] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v17 = llvm.load %v19 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v20 = arith.mulf %v14, %v17 fastmath<contract> : vector<64xf32>
      %v21 = arith.maximumf %v12_acc0, %v20 : vector<64xf32>
      scf.yield %v21 : vector<64xf32>
    }
    %v22 = vector.reduction <maximumf>, %v13#0 : vector<64xf32> into f32
    %v23 = arith.maximumf %v10, %v22 : f32
    %v24 = vector.broadcast %v10 : f32 to vector<16xf32>
    %v26:1 = scf.for %v25 = %vend64 to %vend16 step %cw16 iter_args(%v25_acc0 = %v24) -> (vector<16xf32>) : i64 {
      %v28 = arith.addi %base0, %v25 : i64
      %v29 = llvm.getelementptr %ptr0[%v28] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v27 = llvm.load %v29 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v31 = arith.addi %base1, %v25 : i64
      %v32 = llvm.getelementptr %ptr1[%v31] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v30 = llvm.load %v32 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v33 = arith.mulf %v27, %v30 fastmath<contract> : vector<16xf32>
      %v34 = arith.maximumf %v25_acc0, %v33 : vector<16xf32>
      scf.yield %v34 : vector<16xf32>
    }
    %v35 = vector.reduction <maximumf>, %v26#0 : vector<16xf32> into f32
    %v36 = arith.maximumf %v23, %v35 : f32
    %v38:1 = scf.for %v37 = %vend16 to %len step %c1 iter_args(%v37_acc0 = %v36) -> (f32) : i64 {
      %v40 = arith.addi %base0, %v37 : i64
      %v41 = llvm.getelementptr %ptr0[%v40] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v39 = llvm.load %v41 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v43 = arith.addi %base1, %v37 : i64
      %v44 = llvm.getelementptr %ptr1[%v43] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v42 = llvm.load %v44 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v45 = arith.mulf %v39, %v42 fastmath<contract> : f32
      %v46 = arith.maximumf %v37_acc0, %v45 : f32
      scf.yield %v46 : f32
    }
    %v47 = arith.constant 0x00000000 : f32
    %v48 = vector.broadcast %v47 : f32 to vector<64xf32>
    %v50:1 = scf.for %v49 = %c0 to %vend64 step %cw64 iter_args(%v49_acc0 = %v48) -> (vector<64xf32>) : i64 {
      %v52 = arith.addi %base0, %v49 : i64
      %v53 = llvm.getelementptr %ptr0[%v52] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v51 = llvm.load %v53 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v55 = arith.addi %base1, %v49 : i64
      %v56 = llvm.getelementptr %ptr1[%v55] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v54 = llvm.load %v56 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v57 = arith.mulf %v51, %v54 fastmath<contract> : vector<64xf32>
      %v58 = vector.broadcast %v38#0 : f32 to vector<64xf32>
      %v59 = arith.subf %v57, %v58 fastmath<contract> : vector<64xf32>
      %v60 = math.exp %v59 : vector<64xf32>
      %v61 = arith.addf %v49_acc0, %v60 fastmath<contract> : vector<64xf32>
      %v62 = arith.addi %base2, %v49 : i64
      %v63 = llvm.getelementptr %ptr2[%v62] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v60, %v63 {alignment = 4 : i64} : vector<64xf32>, !llvm.ptr
      scf.yield %v61 : vector<64xf32>
    }
    %v64 = vector.reduction <add>, %v50#0 : vector<64xf32> into f32
    %v65 = arith.addf %v47, %v64 : f32
    %v66 = vector.broadcast %v47 : f32 to vector<16xf32>
    %v68:1 = scf.for %v67 = %vend64 to %vend16 step %cw16 iter_args(%v67_acc0 = %v66) -> (vector<16xf32>) : i64 {
      %v70 = arith.addi %base0, %v67 : i64
      %v71 = llvm.getelementptr %ptr0[%v70] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v69 = llvm.load %v71 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v73 = arith.addi %base1, %v67 : i64
      %v74 = llvm.getelementptr %ptr1[%v73] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v72 = llvm.load %v74 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v75 = arith.mulf %v69, %v72 fastmath<contract> : vector<16xf32>
      %v76 = vector.broadcast %v38#0 : f32 to vector<16xf32>
      %v77 = arith.subf %v75, %v76 fastmath<contract> : vector<16xf32>
      %v78 = math.exp %v77 : vector<16xf32>
      %v79 = arith.addf %v67_acc0, %v78 fastmath<contract> : vector<16xf32>
      %v80 = arith.addi %base2, %v67 : i64
      %v81 = llvm.getelementptr %ptr2[%v80] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v78, %v81 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
      scf.yield %v79 : vector<16xf32>
    }
    %v82 = vector.reduction <add>, %v68#0 : vector<16xf32> into f32
    %v83 = arith.addf %v65, %v82 : f32
    %v85:1 = scf.for %v84 = %vend16 to %len step %c1 iter_args(%v84_acc0 = %v83) -> (f32) : i64 {
      %v87 = arith.addi %base0, %v84 : i64
      %v88 = llvm.getelementptr %ptr0[%v87] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v86 = llvm.load %v88 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v90 = arith.addi %base1, %v84 : i64
      %v91 = llvm.getelementptr %ptr1[%v90] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v89 = llvm.load %v91 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v92 = arith.mulf %v86, %v89 fastmath<contract> : f32
      %v93 = arith.subf %v92, %v38#0 fastmath<contract> : f32
      %v94 = math.exp %v93 : f32
      %v95 = arith.addf %v84_acc0, %v94 fastmath<contract> : f32
      %v96 = arith.addi %base2, %v84 : i64
      %v97 = llvm.getelementptr %ptr2[%v96] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v94, %v97 {alignment = 4 : i64} : f32, !llvm.ptr
      scf.yield %v95 : f32
    }
    scf.for %v98 = %c0 to %vend16 step %cw16 : i64 {
      %v100 = arith.addi %base2, %v98 : i64
      %v101 = llvm.getelementptr %ptr2[%v100] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v102 = llvm.load %v101 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v103 = vector.broadcast %v85#0 : f32 to vector<16xf32>
      %v105 = arith.constant 0x3F800000 : f32
      %v106 = arith.divf %v105, %v85#0 : f32
      %v107 = vector.broadcast %v106 : f32 to vector<16xf32>
      %v104 = arith.mulf %v102, %v107 : vector<16xf32>
      %v108 = arith.addi %base2, %v98 : i64
      %v109 = llvm.getelementptr %ptr2[%v108] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v104, %v109 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v110 = %vend16 to %len step %c1 : i64 {
      %v112 = arith.addi %base2, %v110 : i64
      %v113 = llvm.getelementptr %ptr2[%v112] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v114 = llvm.load %v113 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v115 = arith.divf %v114, %v85#0 : f32
      %v116 = arith.addi %base2, %v110 : i64
      %v117 = llvm.getelementptr %ptr2[%v116] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v115, %v117 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}
